package llmgw.stage.provider;

/**
 * A model name clients use, and where it goes.
 *
 * @param upstreamModel the name the provider knows it by; defaults to {@code name}
 */
public record ModelRoute(String name, String provider, String upstreamModel) {
    public ModelRoute {
        if (upstreamModel == null || upstreamModel.isEmpty()) upstreamModel = name;
    }
}
