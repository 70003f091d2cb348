package ai.mpnas.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Copies land in place, do not alias their source, and keep the target's shape and views. */
class NativeCopyTest {

    @Test
    void anArrayCopyOverwritesEveryElementInPlaceWithoutAliasingTheSource() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.zeros(new Shape(2, 3));
            NDArray source = manager.arange(6f).reshape(2, 3);
            NativeCopy.copy(source, target);
            source.addi(100f);
            System.gc();
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, target.toFloatArray(), 0f);
            assertEquals(new Shape(2, 3), target.getShape());
        }
    }

    @Test
    void aViewTakenBeforeACopySeesTheCopiedValues() {
        // the shared-weight update reads a region of the weight after copying into the rest:
        // the region must be the weight's own memory, before and after
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.zeros(new Shape(4));
            NativeCopy.copy(new float[] {1, 2, 3, 4}, target);
            NativeCopy.copy(new float[] {5, 6, 7, 8}, target);
            NDArray firstTwo = target.get(new NDIndex("0:2"));
            System.gc();
            assertArrayEquals(new float[] {5, 6}, firstTwo.toFloatArray(), 0f);
        }
    }

    @Test
    void shapesAndCountsMustMatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.zeros(new Shape(2, 2));
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> NativeCopy.copy(manager.zeros(new Shape(4)), target));
            assertEquals("copying an array of shape (4) into one of shape (2, 2)",
                    shape.getMessage());
            IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                    () -> NativeCopy.copy(new float[3], target));
            assertEquals("3 values for an array of 4 elements", count.getMessage());
        }
    }
}
