package org.race.allocator.optaplanner;

import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.entity.PlanningPin;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/**
 * The planning entity: one component, its scaled cpu, memory and own bandwidth demand, and the node
 * it is put on (the capacity constraint on bandwidth counts it through {@link BandwidthUse}s, with
 * the connections; the own demand here feeds the consolidation phase's fill reward).
 */
@PlanningEntity
public class ComponentAssignment {
    private int index;
    private String name;
    private long cpu;
    private long memory;
    private long bandwidth;
    /** Its job's utilization on a node of cpu 1 (0 when placing by capacity only). */
    private long utilization;
    /** A static node mapping: the solver never moves it. */
    @PlanningPin
    private boolean pinned;
    @PlanningVariable(valueRangeProviderRefs = AllocationSolution.NODES)
    private NodeFact node;

    /** For OptaPlanner's solution cloner. */
    public ComponentAssignment() {
    }

    ComponentAssignment(int index, String name, long cpu, long memory, long bandwidth, long utilization, NodeFact pinnedTo) {
        this.index = index;
        this.utilization = utilization;
        this.name = name;
        this.cpu = cpu;
        this.memory = memory;
        this.bandwidth = bandwidth;
        this.pinned = pinnedTo != null;
        this.node = pinnedTo;
    }

    /** The same component on the same node, as another object (for {@link AllocationCloner}). */
    ComponentAssignment copy() {
        ComponentAssignment c = new ComponentAssignment(index, name, cpu, memory, bandwidth, utilization, null);
        c.pinned = pinned;
        c.node = node;
        return c;
    }

    public int getIndex() {
        return index;
    }

    public String getName() {
        return name;
    }

    public long getCpu() {
        return cpu;
    }

    public long getMemory() {
        return memory;
    }

    public long getBandwidth() {
        return bandwidth;
    }

    public long getUtilization() {
        return utilization;
    }

    public boolean isPinned() {
        return pinned;
    }

    public NodeFact getNode() {
        return node;
    }

    public void setNode(NodeFact node) {
        this.node = node;
    }
}
