package ai.mpnas.export;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** ONNX Runtime sessions that coexist with DJL's OnnxRuntime engine in one process. */
public final class OrtSessions {

    private OrtSessions() {}

    /**
     * Returns the process's ONNX Runtime environment. DJL's OnnxRuntime engine creates it with its
     * own thread options and fails if one exists already, so DJL creates it first.
     *
     * @return the environment
     */
    public static OrtEnvironment environment() {
        Engine.getEngine("OnnxRuntime");
        return OrtEnvironment.getEnvironment();
    }

    /**
     * Opens a session at ONNX Runtime's default optimisation level (all optimisations).
     *
     * @param model the serialized model
     * @param threads the intra-op threads, 0 for ONNX Runtime's choice
     * @return the session; close it when done
     * @throws OrtException if the model cannot be loaded
     */
    public static OrtSession open(byte[] model, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            return environment().createSession(model, options);
        }
    }
}
