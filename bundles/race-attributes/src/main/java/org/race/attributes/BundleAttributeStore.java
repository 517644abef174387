package org.race.attributes;

import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.race.api.AttributeStore;
import org.race.api.model.AttributeException;

/**
 * The AttributeStore a bundle gets: bundle scope, so the framework makes one instance per using bundle
 * and that bundle is the caller every write is checked against.
 */
@Component(service = AttributeStore.class, scope = ServiceScope.BUNDLE)
public class BundleAttributeStore implements AttributeStore {
    @Reference
    Attributes attributes;

    private Bundle caller;

    @Activate
    void activate(ComponentContext context) {
        caller = context.getUsingBundle();
    }

    @Override
    public Map<String, Double> attributes(String application) {
        return attributes.attributes(application);
    }

    @Override
    public Optional<Double> get(String application, String name) {
        return Optional.ofNullable(attributes.attributes(application).get(name));
    }

    @Override
    public double set(String application, String name, double value) throws AttributeException {
        return attributes.set(caller, application, name, value);
    }
}
