package dev.costagent.demo;

/**
 * The command line of {@link IncubatorPipeline}.
 *
 * @param ideas   how many ideas to generate (1 to 20)
 * @param live    call the real APIs with keys from the environment
 * @param baseUrl an LLM server to use instead of starting the built-in fake, or null
 * @param help    print the usage and exit
 */
record PipelineOptions(int ideas, boolean live, String baseUrl, boolean help) {

    static final int DEFAULT_IDEAS = 5;
    static final int MAX_IDEAS = 20;

    static final String USAGE = String.join("\n",
            "Usage: java [-javaagent:agent/target/cost-agent.jar] [-Dbudget=USD] -jar demo-pipeline/target/demo-pipeline.jar [options]",
            "",
            "Runs a three-stage startup-incubator pipeline on the real Anthropic and OpenAI Java SDKs:",
            "  ideas     claude-sonnet-4-5 proposes startup ideas (long system prompt, prompt-cached)",
            "  critique  gpt-4o-mini critiques each idea, one call per idea (same system prompt: cache hits)",
            "  rank      claude-haiku-4-5 ranks the critiqued ideas",
            "By default it starts a local fake LLM server and needs no API key and no network.",
            "",
            "Options:",
            "  --ideas N        how many ideas to generate, 1 to " + MAX_IDEAS + " (default " + DEFAULT_IDEAS + ")",
            "  --live           call the real APIs; needs ANTHROPIC_API_KEY and OPENAI_API_KEY (costs real money)",
            "  --base-url URL   use an LLM server already running at URL (Anthropic API at URL, OpenAI at URL/v1)",
            "                   instead of starting the built-in fake one",
            "  -h, --help       print this help",
            "",
            "Exit status: 0 done; 1 the pipeline failed; 2 bad command line or missing API key;",
            "             3 the cost agent's budget stopped the pipeline (BudgetExceededException).");

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException with a one-line explanation when they are wrong
     */
    static PipelineOptions parse(String... args) {
        int ideas = DEFAULT_IDEAS;
        boolean live = false;
        String baseUrl = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--ideas":
                    if (value == null) {
                        value = next(args, ++i, arg);
                    }
                    ideas = parseIdeas(value);
                    break;
                case "--base-url":
                    baseUrl = value != null ? value : next(args, ++i, arg);
                    if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
                        throw new IllegalArgumentException("--base-url expects an http:// or https:// URL, got '"
                                + baseUrl + "'");
                    }
                    break;
                case "--live":
                    live = true;
                    break;
                case "-h":
                case "--help":
                    help = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (live && baseUrl != null) {
            throw new IllegalArgumentException("--live and --base-url cannot be combined");
        }
        return new PipelineOptions(ideas, live, baseUrl, help);
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int parseIdeas(String value) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_IDEAS) {
            throw new IllegalArgumentException("--ideas expects a whole number from 1 to " + MAX_IDEAS + ", got '"
                    + value + "'");
        }
        return n;
    }
}
