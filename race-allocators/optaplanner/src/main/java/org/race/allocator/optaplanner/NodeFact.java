package org.race.allocator.optaplanner;

/**
 * An available node as a problem fact: what is free of each resource, its whole cpu capacity
 * (for the balance level) and, placing by schedulability, the utilization its deployed jobs leave
 * (in cpu-1 units, {@link org.race.allocator.common.Problem#freeUtilization}), in the model's scaled units;
 * {@code demanded} has bit r set when the application needs any of resource r (0 cpu, 1 memory, 2 bandwidth).
 */
public record NodeFact(int index, String name, long cpu, long memory, long bandwidth, long cpuCapacity, long utilization, int demanded) {
    /** What one used node costs on the nodes-used level. */
    static final long NODE_WEIGHT = 1_000_000;
    /** The most a full node earns back: under NODE_WEIGHT / 2.5, so the count of nodes dominates. */
    static final long MAX_FILL_REWARD = 400_000;

    /**
     * The reward for filling this node with these loads: the mean, over the resources the
     * application demands, of the square of the share of what is free that they take. Quadratic,
     * so moving load from an emptier node to a fuller one always pays (Falkenauer's bin-packing
     * fitness); over every demanded resource, so that in vector packing a node full in one resource
     * and empty in another is not rewarded as full.
     */
    long fillReward(long cpuLoad, long memoryLoad, long bandwidthLoad) {
        long[] load = { cpuLoad, memoryLoad, bandwidthLoad };
        long[] free = { cpu, memory, bandwidth };
        double sum = 0;
        int counted = 0;
        for (int r = 0; r < 3; r++) {
            if ((demanded & 1 << r) == 0 || free[r] <= 0) continue;
            double fill = Math.min(1.0, load[r] / (double) free[r]);
            sum += fill * fill;
            counted++;
        }
        return counted == 0 ? 0 : Math.round(MAX_FILL_REWARD * sum / counted);
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
