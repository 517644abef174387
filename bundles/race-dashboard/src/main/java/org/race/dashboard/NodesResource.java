package org.race.dashboard;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.AdaptationLoop;
import org.race.api.CentralMonitor;
import org.race.api.Engine;
import org.race.api.NodeManager;
import org.race.api.RoleProperties;
import org.race.api.model.AdaptationDecision;
import org.race.api.monitoring.SystemSnapshot;

/** GET /race/api/nodes: every node of the domain, see {@link Views#nodes}. */
@Component(service = { Resource.class, NodesResource.class })
public class NodesResource implements Resource {
    @Reference
    Engine engine;

    @Reference
    Recorder recorder;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    /** Its last decision carries the set points the active controller holds the nodes to. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AdaptationLoop loop;

    /** Only their properties: a NodeManager imported from another container is a remote node. */
    @Reference(service = NodeManager.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<ServiceReference<NodeManager>> nodeManagers;

    @Override
    public String name() {
        return "nodes";
    }

    @Override
    public Object answer(Call call) throws Refused {
        call.onlyGet();
        return Map.of("nodes", nodes());
    }

    List<Map<String, Object>> nodes() {
        Set<String> remote = new HashSet<>();
        for (ServiceReference<NodeManager> r : nodeManagers) {
            if (r.getProperty("service.imported") != null) remote.add(String.valueOf(r.getProperty(RoleProperties.NODE)));
        }
        CentralMonitor m = monitor;
        Optional<SystemSnapshot> latest = m == null ? Optional.empty() : m.latest();
        AdaptationLoop l = loop;
        Map<String, Double> setPoints = l == null ? Map.of() : l.lastDecision().map(AdaptationDecision::setPoints).orElse(Map.of());
        return Views.nodes(engine.nodes(), latest, remote, recorder.seenUp(), engine.applications(), setPoints);
    }
}
