package argus.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** The I/O transport: native epoll where the platform has it, NIO otherwise. */
public enum Transport {
    EPOLL(EpollServerSocketChannel.class) {
        @Override
        IoHandlerFactory handlerFactory() {
            return EpollIoHandler.newFactory();
        }
    },
    NIO(NioServerSocketChannel.class) {
        @Override
        IoHandlerFactory handlerFactory() {
            return NioIoHandler.newFactory();
        }
    };

    /** What {@code TRANSPORT} asks for. */
    public enum Choice { AUTO, EPOLL, NIO }

    private final Class<? extends ServerSocketChannel> channelClass;

    Transport(Class<? extends ServerSocketChannel> channelClass) {
        this.channelClass = channelClass;
    }

    abstract IoHandlerFactory handlerFactory();

    Class<? extends ServerSocketChannel> channelClass() {
        return channelClass;
    }

    MultiThreadIoEventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, handlerFactory());
    }

    static Transport select(Choice choice) {
        switch (choice) {
            case NIO:
                return NIO;
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("TRANSPORT=epoll but native epoll is unavailable: "
                            + Epoll.unavailabilityCause());
                }
                return EPOLL;
            default:
                return Epoll.isAvailable() ? EPOLL : NIO;
        }
    }

    /**
     * Milliseconds since the kernel last sent data on {@code channel} to a peer that is taking it,
     * from TCP_INFO; -1 where the transport cannot tell (NIO) or while the kernel is backing off
     * (probing a peer whose receive window stays shut, or retransmitting): a probe may carry a
     * byte or two and reset "last data sent" although the client reads nothing. One system call:
     * not for the request path.
     */
    static long sinceDataSentMillis(Channel channel) {
        if (channel instanceof EpollSocketChannel) {
            try {
                EpollTcpInfo info = ((EpollSocketChannel) channel).tcpInfo();
                return info.backoff() == 0 ? info.lastDataSent() : -1;
            } catch (ChannelException e) {
                return -1; // closed under us
            }
        }
        return -1;
    }
}
