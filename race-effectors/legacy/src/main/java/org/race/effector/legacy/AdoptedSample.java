package org.race.effector.legacy;

import org.race.api.model.Importance;

/**
 * One reading of an adopted process.
 *
 * @param node     the node it is a component of
 * @param cpu      processors it kept busy since the previous reading (1.0 = one processor all the time)
 * @param memoryMb resident memory
 * @param nice     its nice value now, from /proc
 * @param limit    how its CPU is limited: the cgroup v2 quota, or the nice value used instead
 */
public record AdoptedSample(String name, long pid, String node, Importance criticality, double cpu, double memoryMb, int nice, String limit) {
}
