package ai.mpnas.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/** Registers {@link MpnasModelZoo} with DJL through {@code META-INF/services}. */
public class MpnasZooProvider implements ZooProvider {

    /** {@inheritDoc} */
    @Override
    public ModelZoo getModelZoo() {
        return new MpnasModelZoo();
    }
}
