package org.race.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.Engine;
import org.race.api.InputAdapter;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;

/**
 * Deploy by upload: POST /race/api/applications?file=NAME[&allocator=A] with the descriptor as body.
 * The input adapter that accepts NAME reads it and the engine deploys it, so an upload is accepted
 * and refused as race:deploy of a file of that name would be, with messages that name the user's file.
 */
@Component(service = Uploads.class)
public class Uploads {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

    @Reference
    Engine engine;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<InputAdapter> adapters;

    DeploymentPlan deploy(Call call) throws Refused, IOException {
        String file = Optional.ofNullable(call.param("file")).orElse("descriptor.json").trim();
        if (!FILE_NAME.matcher(file).matches()) {
            throw new Refused(400, "file name '" + file + "' must be letters, digits, '.', '_' and '-' (a name, not a path)");
        }
        String allocator = Optional.ofNullable(call.param("allocator")).map(String::trim).filter(a -> !a.isEmpty()).orElse(null);
        byte[] body = call.body();
        return readAndDeploy(adapterFor(file), file, body, allocator);
    }

    /** As the engine chooses: the first adapter that accepts the name, else the engine's refusal. */
    private InputAdapter adapterFor(String file) throws Refused {
        List<InputAdapter> all = adapters;
        for (InputAdapter a : all) {
            if (a.accepts(Path.of(file))) return a;
        }
        throw new Refused(400, "adapter", "adapter: no input adapter reads " + file + " (installed: " + all.size() + ")");
    }

    /*
     * API-SWITCH: today's Engine reads descriptors from files only, so the upload goes under its own
     * name into a fresh folder, removed afterwards, and the engine reads it there through the same
     * adapter (which is why `adapter` is unused here). With InputAdapter.readApplication(String, Reader,
     * Domain) and Engine.deploy(Application, String) the body of this method becomes:
     *
     *   try {
     *       String text = new String(body, StandardCharsets.UTF_8);
     *       return engine.deploy(adapter.readApplication(file, new StringReader(text), engine.domain().orElse(null)), allocator);
     *   } catch (DescriptorException e) {
     *       throw new Refused(400, "adapter", "adapter: " + e.getMessage());
     *   } catch (DeploymentException e) {
     *       throw new Refused(400, e.step(), e.getMessage());
     *   }
     */
    private DeploymentPlan readAndDeploy(InputAdapter adapter, String file, byte[] body, String allocator) throws Refused, IOException { // API-SWITCH
        Path dir = Files.createTempDirectory("race-upload-");
        Path descriptor = dir.resolve(file);
        try {
            Files.write(descriptor, body);
            return engine.deploy(descriptor, allocator);
        } catch (DeploymentException e) {
            throw new Refused(400, e.step(), e.getMessage().replace(dir + File.separator, ""));
        } finally {
            Files.deleteIfExists(descriptor);
            Files.deleteIfExists(dir);
        }
    }
}
