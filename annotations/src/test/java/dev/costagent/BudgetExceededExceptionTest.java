package dev.costagent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BudgetExceededExceptionTest {

    private static String message(String spent, String budget) {
        return new BudgetExceededException(new BigDecimal(spent), new BigDecimal(budget), "ideas").getMessage();
    }

    @Test
    void theSpentAmountIsExactAsTheReportHoldsIt() {
        // The report and the stage lines say 0.0193456: the message must not round it to 0.0194.
        assertEquals("Budget exceeded: spent $0.0193456 of $0.015 limit (after stage 'ideas')",
                message("0.0193456", "0.015"));
        assertEquals("Budget exceeded: spent $0.000000000001 of $0.00 limit (after stage 'ideas')",
                message("0.000000000001", "0"));
    }

    @Test
    void theSpentAmountHasNoTrailingZerosAndNoExponent() {
        assertEquals("Budget exceeded: spent $0.0165 of $0.01 limit (after stage 'ideas')",
                message("0.016500000000", "0.01"));
        assertEquals("Budget exceeded: spent $20 of $10.00 limit (after stage 'ideas')", message("20.000", "10"));
        assertEquals("Budget exceeded: spent $0.000003 of $0.000001 limit (after stage 'ideas')",
                message("3E-6", "0.000001"));
    }

    @Test
    void theBudgetIsShownAsConfiguredWithAtLeastTwoDecimals() {
        assertEquals("Budget exceeded: spent $5.5 of $5.00 limit (after stage 'ideas')", message("5.5", "5"));
        assertEquals("Budget exceeded: spent $0.6 of $0.50 limit (after stage 'ideas')", message("0.6", "0.50"));
        assertEquals("Budget exceeded: spent $0.6 of $0.500 limit (after stage 'ideas')", message("0.6", "0.500"));
    }
}
