package org.race.node.platform;

import java.util.List;

import org.race.api.NodeEffector;
import org.race.api.NodeLink;
import org.race.api.NodeManager;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.model.Adjustment;
import org.race.api.model.Delivery;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.EffectReport;
import org.race.api.model.Node;
import org.race.api.model.Range;
import org.race.api.model.Reservation;
import org.race.api.model.ReservationReply;
import org.race.api.monitoring.QosSample;

/** One node of a platform: its NodeManager, NodeEffector and NodeLink, and its monitors, views onto the platform's NodeRuntime. */
public final class RuntimeNode implements NodeManager, NodeEffector, NodeLink, NodeAdjustments.Target {
    private final String name;
    private final NodeRuntime world;
    private final NodeReservations reservations;

    public RuntimeNode(Node node, NodeRuntime world) {
        this.name = node.name();
        this.world = world;
        this.reservations = new NodeReservations(node, System::nanoTime);
    }

    @Override
    public String nodeName() {
        return name;
    }

    @Override
    public void deploy(DeploymentPlan plan) {
        world.deploy(name, plan);
    }

    @Override
    public void update(DeploymentPlan plan) {
        world.update(name, plan);
    }

    @Override
    public void undeploy(String application) {
        world.undeploy(name, application);
    }

    @Override
    public List<String> applications() {
        return world.applications(name);
    }

    @Override
    public ReservationReply reserve(Reservation reservation) {
        return reservations.reserve(reservation, world.applications(name).stream().map(a -> world.plan(name, a)).toList());
    }

    @Override
    public void commit(String reservationId, DeploymentPlan plan) {
        Reservation r = reservations.take(reservationId);
        if (!r.application().equals(plan.name())) {
            throw new IllegalStateException("reservation " + reservationId + " on " + name + " is for " + r.application() + ", not " + plan.name());
        }
        world.deploy(name, plan);
    }

    @Override
    public void release(String reservationId) {
        reservations.release(reservationId);
    }

    @Override
    public List<Reservation> reservations() {
        return reservations.live();
    }

    @Override
    public void deliver(List<Delivery> deliveries) {
        world.deliver(name, deliveries);
    }

    @Override
    public void receive(byte[] frame) {
        world.deliver(name, DeliveryCodec.decode(frame));
    }

    @Override
    public EffectReport apply(List<Adjustment> adjustments) {
        return NodeAdjustments.apply(adjustments, this);
    }

    @Override
    public void setPriority(String application, String component, int priority) {
        world.setPriority(name, application, component, priority);
    }

    @Override
    public void setPriorityClass(String application, String component, String priorityClass) {
        world.setPriorityClass(name, application, component, priorityClass);
    }

    @Override
    public Range periodRange(String application) {
        return world.plan(name, application).application().periodRange();
    }

    @Override
    public void setPeriod(String application, double periodMs) {
        world.setPeriod(name, application, periodMs);
    }

    /** cpu, memory or bandwidth of this node as its runtime measures them. */
    public ResourceMonitor resourceMonitor(String resource) {
        return new ResourceMonitor() {
            @Override
            public String resource() {
                return resource;
            }

            @Override
            public double utilization() {
                return switch (resource) {
                    case "cpu" -> world.cpuUtilization(name);
                    case "memory" -> world.memoryUtilization(name);
                    case "bandwidth" -> world.bandwidthUtilization(name);
                    default -> throw new IllegalArgumentException("the platform does not measure " + resource);
                };
            }
        };
    }

    public QosMonitor qosMonitor() {
        return new QosMonitor() {
            @Override
            public QosSample sample() {
                return world.qos(name);
            }
        };
    }
}
