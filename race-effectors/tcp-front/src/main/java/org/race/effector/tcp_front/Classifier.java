package org.race.effector.tcp_front;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Address-based classification rules (paper: "address-based" forwarding rules): each class names
 * the client addresses or prefixes that belong to it; the first class whose rule matches wins, in
 * the order written, and the class with {@code *} is the default target.
 */
final class Classifier {
    private final Map<String, List<String>> rules;
    private final String defaultClass;

    private Classifier(Map<String, List<String>> rules, String defaultClass) {
        this.rules = rules;
        this.defaultClass = defaultClass;
    }

    /**
     * Parses {@code premium=127.0.0.2|10.1.; basic=*}: class name, '=', addresses separated by '|'.
     * An address ending in '.' or ':' is a prefix. Exactly one class must be the default ({@code *}).
     *
     * @throws IllegalArgumentException naming the rule and the reason
     */
    static Classifier parse(String text) {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        String defaultClass = null;
        for (String rule : text.split(";")) {
            if (rule.isBlank()) continue;
            int eq = rule.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("classes: rule '" + rule.trim() + "' is not name=address|address...");
            String name = rule.substring(0, eq).trim();
            if (!name.matches("[A-Za-z0-9_-]+")) throw new IllegalArgumentException("classes: class name '" + name + "' must be letters, digits, _ or -");
            if (rules.containsKey(name)) throw new IllegalArgumentException("classes: class '" + name + "' is defined twice");
            List<String> addresses = new ArrayList<>();
            for (String a : rule.substring(eq + 1).split("\\|")) {
                String address = a.trim();
                if (address.isEmpty()) throw new IllegalArgumentException("classes: class '" + name + "' has an empty address");
                if (address.equals("*")) {
                    if (defaultClass != null) throw new IllegalArgumentException("classes: both '" + defaultClass + "' and '" + name + "' claim the default '*'");
                    defaultClass = name;
                }
                addresses.add(address);
            }
            rules.put(name, List.copyOf(addresses));
        }
        if (rules.isEmpty()) throw new IllegalArgumentException("classes: no class defined");
        if (defaultClass == null) throw new IllegalArgumentException("classes: no class takes the default '*' (connections matching no rule need a target)");
        return new Classifier(rules, defaultClass);
    }

    List<String> classes() {
        return List.copyOf(rules.keySet());
    }

    String classify(InetAddress client) {
        String address = client.getHostAddress();
        for (Map.Entry<String, List<String>> rule : rules.entrySet()) {
            for (String a : rule.getValue()) {
                boolean prefix = a.endsWith(".") || a.endsWith(":");
                if (prefix ? address.startsWith(a) : address.equals(a)) return rule.getKey();
            }
        }
        return defaultClass;
    }
}
