package dev.sli.core.record;

import dev.sli.core.history.SealedHistory;
import dev.sli.core.history.SeriesHistoryContract;

/**
 * The contract on the reference history of {@link SealedHistoryContractTest}, kept in ordered maps that outlive
 * the series as a persistent store would: the seam itself, independent of any file format.
 */
class KeptHistoryContractTest extends SeriesHistoryContract {

    @Override
    protected SealedHistory.Factory fresh() {
        return new SealedHistoryContractTest.MapStore();
    }

    @Override
    protected SealedHistory.Factory reopen(SealedHistory.Factory factory) {
        return factory;
    }
}
