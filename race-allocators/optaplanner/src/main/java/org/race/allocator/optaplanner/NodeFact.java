package org.race.allocator.optaplanner;

/**
 * An available node as a problem fact: what is free of each resource, and its whole cpu capacity
 * (for the balance level), in the model's scaled units.
 */
public record NodeFact(int index, String name, long cpu, long memory, long bandwidth, long cpuCapacity) {

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
