package dev.costagent.agent.store.redis;

import dev.costagent.agent.log.AgentLog;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Where Jedis's own log lines go. Jedis takes its loggers from SLF4J's {@code LoggerFactory} (relocated into the
 * agent with it), which finds its binding through a service file; this is that binding, named in the agent jar's
 * {@code META-INF/services}. Without it SLF4J would print its "no providers" warning on the host's standard error.
 *
 * <p>Every Jedis line goes to the agent's log at DEBUG, whatever Jedis's level: the store's faults reach the
 * operator as the agent's own WARN lines, in the agent's words ({@link RedisFaults}), and Jedis's lines are detail
 * for {@code costagent.log=debug}. (One of them is an ERROR that Jedis logs when it cannot read its version from
 * a resource, which the bootstrap class loader the agent runs in cannot give it; the agent does not use that
 * version.)
 */
public final class JedisLogProvider implements SLF4JServiceProvider {

    private final ILoggerFactory loggers = new Loggers();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    private static final class Loggers implements ILoggerFactory {
        private final ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();
        private final Logger agent = AgentLog.get(JedisLogProvider.class);

        @Override
        public Logger getLogger(String name) {
            Logger l = byName.get(name);
            if (l == null) {
                l = new AtDebug(name, agent);
                Logger raced = byName.putIfAbsent(name, l);
                if (raced != null) {
                    l = raced;
                }
            }
            return l;
        }
    }

    /** A Jedis logger: each line at the agent's DEBUG, prefixed with the Jedis class's simple name. */
    private static final class AtDebug extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        private final transient Logger agent;
        private final String simpleName;

        AtDebug(String name, Logger agent) {
            this.name = name;
            this.agent = agent;
            this.simpleName = name.substring(name.lastIndexOf('.') + 1);
        }

        private boolean on() {
            return agent.isDebugEnabled();
        }

        @Override
        public boolean isTraceEnabled() {
            return on();
        }

        @Override
        public boolean isDebugEnabled() {
            return on();
        }

        @Override
        public boolean isInfoEnabled() {
            return on();
        }

        @Override
        public boolean isWarnEnabled() {
            return on();
        }

        @Override
        public boolean isErrorEnabled() {
            return on();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                   Throwable throwable) {
            String text = "Jedis " + simpleName + " " + level + ": " + MessageFormatter.basicArrayFormat(pattern, args);
            if (throwable == null) {
                agent.debug(text);
            } else {
                agent.debug(text, throwable);
            }
        }
    }
}
