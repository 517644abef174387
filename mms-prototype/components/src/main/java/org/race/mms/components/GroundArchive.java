package org.race.mms.components;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.race.api.FrameworkProperties;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Type {@code mms-ground}: the ground station's archive. Checks each transfer frame (its CRC-32) and
 * writes the compressed product as {@code <start>-<iteration>.json.gz} into the container's data folder,
 * {@code ${race.home}/data/archive/<application>/<component>/} (without race.home, this bundle's data
 * area), bounded per component by {@code maxFiles} (default 1000) and {@code maxBytes} (default 64 MiB):
 * the oldest files go first. A damaged frame is a failed job; nothing is written for it.
 */
@Component(property = ComponentType.TYPE + "=mms-ground")
public class GroundArchive implements ComponentType {
    private static final Logger LOG = LoggerFactory.getLogger(GroundArchive.class);
    private Path root;

    public GroundArchive() {
    }

    /** Archiving under {@code root} (tests). */
    GroundArchive(Path root) {
        this.root = root;
    }

    @Activate
    void activate(BundleContext bundle) {
        String home = bundle.getProperty(FrameworkProperties.HOME);
        root = home != null ? Path.of(home, "data", "archive") : bundle.getDataFile("archive").toPath();
    }

    @Override
    public ComponentInstance activate(ComponentContext ctx) throws Exception {
        Settings p = new Settings(ctx.properties());
        int maxFiles = (int) p.whole("maxFiles", 1000, 1, 10_000_000);
        long maxBytes = p.whole("maxBytes", 64L << 20, 1, Long.MAX_VALUE);
        Archive archive = new Archive(folder(ctx), maxFiles, maxBytes);
        String start = String.format("%013d", System.currentTimeMillis()); // names sort by deployment, then iteration
        LOG.info("{}/{}: archiving into {} (at most {} files, {} bytes)", ctx.application(), ctx.component(), folder(ctx), maxFiles, maxBytes);
        return job -> {
            Downlink.Transfer t = Downlink.open(Inputs.first(ctx, job));
            archive.write(String.format("%s-%012d.json.gz", start, t.iteration()), t.data());
        };
    }

    /** Where the products of {@code ctx}'s component go. */
    Path folder(ComponentContext ctx) {
        return root.resolve(safe(ctx.application())).resolve(safe(ctx.component()));
    }

    /** A name as one path segment: no separators, no "..". */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.equals(".") || s.equals("..") || s.isEmpty() ? "_" + s : s;
    }
}
