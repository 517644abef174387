package org.race.allocator.optaplanner;

import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.entity.PlanningPin;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/**
 * The planning entity: one component, its scaled cpu and memory demand, and the node it is put on
 * (its bandwidth is in {@link BandwidthUse}s).
 */
@PlanningEntity
public class ComponentAssignment {
    private int index;
    private String name;
    private long cpu;
    private long memory;
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

    ComponentAssignment(int index, String name, long cpu, long memory, long utilization, NodeFact pinnedTo) {
        this.index = index;
        this.utilization = utilization;
        this.name = name;
        this.cpu = cpu;
        this.memory = memory;
        this.pinned = pinnedTo != null;
        this.node = pinnedTo;
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
