package dev.costagent.agent.report;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What the report and the log are written to: {@link JsonText}, or jackson-core ({@link JacksonSink}) for what
 * that declines. The documents' structure is written once, against this, whichever writer takes it.
 */
interface JsonSink {

    void startObject();

    void endObject();

    void startArray();

    void endArray();

    void name(String name);

    void value(String s);

    void value(BigDecimal d);

    void value(BigInteger n);

    void value(long n);

    void value(boolean b);

    void nullValue();

    /** Bytes copied as one array element (old runs of the log), with the separator and indentation before them. */
    void rawValue(byte[] source, int offset, int length);
}
