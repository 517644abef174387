package org.race.dashboard;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.race.api.DescriptorReader;
import org.race.api.Engine;
import org.race.api.model.Application;
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

    @Reference
    DescriptorReader descriptors;

    DeploymentPlan deploy(Call call) throws Refused, java.io.IOException {
        String file = Optional.ofNullable(call.param("file")).orElse("descriptor.json").trim();
        if (!FILE_NAME.matcher(file).matches()) {
            throw new Refused(400, "file name '" + file + "' must be letters, digits, '.', '_' and '-' (a name, not a path)");
        }
        String allocator = Optional.ofNullable(call.param("allocator")).map(String::trim).filter(a -> !a.isEmpty()).orElse(null);
        try {
            Application app = descriptors.readApplication(file, new InputStreamReader(new ByteArrayInputStream(call.body()), StandardCharsets.UTF_8),
                    engine.domain().orElse(null));
            return engine.deploy(app, allocator);
        } catch (DeploymentException e) {
            throw new Refused(400, e.step(), e.getMessage());
        }
    }
}
