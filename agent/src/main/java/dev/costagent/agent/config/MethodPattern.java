package dev.costagent.agent.config;

import java.util.regex.Pattern;

/**
 * A {@code com.acme.Pipeline#rank*} entry of {@code costagent.stages} or {@code costagent.calls}: a class name
 * and a method name, either of which may use {@code *} for any run of characters.
 *
 * @param text the entry as written
 */
public record MethodPattern(String text, Pattern classPattern, Pattern methodPattern) {

    private static final Pattern CLASS_SYNTAX =
            Pattern.compile("[\\p{javaJavaIdentifierPart}*]+(?:[.$][\\p{javaJavaIdentifierPart}*]+)*");
    private static final Pattern METHOD_SYNTAX = Pattern.compile("[\\p{javaJavaIdentifierPart}*]+");

    /** Parses one entry; the exception message says what is wrong with it. */
    public static MethodPattern parse(String text) throws IllegalArgumentException {
        String t = text.trim();
        int hash = t.indexOf('#');
        if (hash < 0 || hash != t.lastIndexOf('#')) {
            throw new IllegalArgumentException("'" + t + "' is not of the form com.acme.Class#method");
        }
        String cls = t.substring(0, hash);
        String method = t.substring(hash + 1);
        if (!CLASS_SYNTAX.matcher(cls).matches()) {
            throw new IllegalArgumentException("'" + t + "' has no valid class name before '#'");
        }
        if (!METHOD_SYNTAX.matcher(method).matches()) {
            throw new IllegalArgumentException("'" + t + "' has no valid method name after '#'");
        }
        return new MethodPattern(t, glob(cls), glob(method));
    }

    public boolean matchesClass(String className) {
        return classPattern.matcher(className).matches();
    }

    public boolean matchesMethod(String methodName) {
        return methodPattern.matcher(methodName).matches();
    }

    /** The fixed part of the class name before its first {@code *}: a cheap filter for class loading. */
    public String classPrefix() {
        String p = text.substring(0, text.indexOf('#'));
        int star = p.indexOf('*');
        return star < 0 ? p : p.substring(0, star);
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        int from = 0;
        for (int i = 0; i < g.length(); i++) {
            if (g.charAt(i) == '*') {
                re.append(Pattern.quote(g.substring(from, i))).append(".*");
                from = i + 1;
            }
        }
        return Pattern.compile(re.append(Pattern.quote(g.substring(from))).toString());
    }
}
