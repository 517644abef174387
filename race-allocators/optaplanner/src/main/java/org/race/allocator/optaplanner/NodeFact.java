package org.race.allocator.optaplanner;

/**
 * An available node as a problem fact: what is free of each resource, its whole cpu capacity
 * (for the balance level) and, placing by schedulability, the utilization its deployed jobs leave
 * (in cpu-1 units, {@link org.race.allocator.common.Problem#freeUtilization}), in the model's scaled units.
 */
public record NodeFact(int index, String name, long cpu, long memory, long bandwidth, long cpuCapacity, long utilization) {
    /** What one used node costs on the nodes-used level. */
    static final long NODE_WEIGHT = 1_000_000;
    /** The most a full node earns back: under NODE_WEIGHT / 2.5, so the count of nodes dominates. */
    static final long MAX_FILL_REWARD = 400_000;

    /**
     * The reward for filling this node's free cpu with {@code load}: quadratic in the fill, so
     * moving load from an emptier node to a fuller one always pays (Falkenauer's bin-packing fitness).
     */
    long fillReward(long load) {
        if (cpu <= 0) return 0;
        double fill = Math.min(1.0, load / (double) cpu);
        return Math.round(MAX_FILL_REWARD * fill * fill);
    }

    /**
     * The balance penalty of putting {@code load} cpu here: the growth of the square of the node's
     * cpu utilization (other applications' reservations included), scaled. Summed over nodes with
     * a fixed total load it is smallest when utilizations are equal.
     */
    long balancePenalty(long load) {
        if (cpuCapacity <= 0) return 0;
        double before = Math.max(0, cpuCapacity - cpu) / (double) cpuCapacity;
        double after = before + load / (double) cpuCapacity;
        return Math.round(AllocationSolution.SCALE * (after * after - before * before));
    }
}
