package org.race.api;

/** A call to a node's service did not answer within the bound of {@link NodeCalls}. */
public class NodeNotAnsweringException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String node;

    public NodeNotAnsweringException(String node, String reason) {
        super("node " + node + " not answering: " + reason);
        this.node = node;
    }

    public String node() {
        return node;
    }
}
