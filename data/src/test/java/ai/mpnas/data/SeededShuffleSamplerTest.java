package ai.mpnas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.RandomAccessDataset;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;

class SeededShuffleSamplerTest {

    private static long[] epoch(SeededShuffleSampler sampler, RandomAccessDataset dataset) {
        List<Long> order = new ArrayList<>();
        Iterator<Long> it = sampler.sample(dataset);
        it.forEachRemaining(order::add);
        return order.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void eachEpochIsAPermutationFixedBySeedAndEpoch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            RandomAccessDataset dataset =
                    new ArrayDataset.Builder()
                            .setData(manager.arange(100f))
                            .setSampling(1, false)
                            .build();
            SeededShuffleSampler sampler = new SeededShuffleSampler(9);
            long[] e0 = epoch(sampler, dataset);
            long[] e1 = epoch(sampler, dataset);
            assertEquals(2, sampler.getEpoch());
            assertArrayEquals(
                    LongStream.range(0, 100).toArray(), Arrays.stream(e0).sorted().toArray());
            assertArrayEquals(
                    LongStream.range(0, 100).toArray(), Arrays.stream(e1).sorted().toArray());
            assertFalse(Arrays.equals(e0, e1));
            assertFalse(Arrays.equals(LongStream.range(0, 100).toArray(), e0));

            SeededShuffleSampler replay = new SeededShuffleSampler(9);
            replay.setEpoch(1);
            assertArrayEquals(e1, epoch(replay, dataset));
            replay.setEpoch(0);
            assertArrayEquals(e0, epoch(replay, dataset));
            assertFalse(Arrays.equals(e0, epoch(new SeededShuffleSampler(10), dataset)));
        }
    }
}
