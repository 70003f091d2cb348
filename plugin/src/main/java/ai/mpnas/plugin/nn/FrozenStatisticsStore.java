package ai.mpnas.plugin.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * A parameter store whose forward passes leave the BatchNorm running statistics as they are. It
 * hands out copies of them, so where the engine updates them in place during a training-mode
 * forward (a moving average, as PyTorch's does) it updates the copies. A training-mode forward
 * through it computes what one through a plain store computes (it normalises with batch
 * statistics) and changes no parameter, the same way on every engine.
 */
public class FrozenStatisticsStore extends ParameterStore {

    /**
     * Creates the store.
     *
     * @param manager the manager of the arrays a forward pass needs (close it after the passes)
     */
    public FrozenStatisticsStore(NDManager manager) {
        super(manager, false);
    }

    /**
     * Returns whether a parameter is a BatchNorm running statistic (mean or variance).
     *
     * @param parameter the parameter
     * @return true for a running mean or variance
     */
    public static boolean isRunningStatistic(Parameter parameter) {
        return parameter.getType() == Parameter.Type.RUNNING_MEAN
                || parameter.getType() == Parameter.Type.RUNNING_VAR;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray value = super.getValue(parameter, device, training);
        if (parameter == null || !isRunningStatistic(parameter)) {
            return value;
        }
        NDArray copy = value.duplicate();
        copy.attach(getManager());
        return copy;
    }
}
