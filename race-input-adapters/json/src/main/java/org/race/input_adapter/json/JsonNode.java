package org.race.input_adapter.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.race.api.model.DescriptorException;
import org.race.text.Numbers;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** A JSON object together with its file and JSON path, so every error can say where it is. */
final class JsonNode {
    /** Every text of a descriptor is a name, a type, a mode or a keyword: longer is a mistake, and would flood every message echoing it. */
    static final int MAX_TEXT = 128;
    /** A component's properties: a path or a short list fits in a value, a data set does not belong in a descriptor. */
    static final int MAX_PROPERTIES = 256, MAX_VALUE = 4096;

    private final String file;
    private final String path;
    private final JsonObject object;

    JsonNode(String file, String path, JsonElement element) throws DescriptorException {
        this.file = file;
        this.path = path;
        if (element == null || !element.isJsonObject()) {
            throw new DescriptorException(file, path, "expected a JSON object");
        }
        this.object = element.getAsJsonObject();
    }

    String path() {
        return path;
    }

    DescriptorException error(String field, String reason) {
        return new DescriptorException(file, field == null ? path : path + "." + field, reason);
    }

    /** Rejects fields the format does not define: a typo must not silently fall back to a default. */
    void onlyFields(Set<String> known) throws DescriptorException {
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw error(e.getKey(), "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    /** The object's field names, in file order. */
    List<String> fields() {
        return new ArrayList<>(object.keySet());
    }

    boolean has(String field) {
        return object.has(field) && !object.get(field).isJsonNull();
    }

    String string(String field) throws DescriptorException {
        if (!has(field)) throw error(field, "missing");
        return optString(field, null);
    }

    String optString(String field, String fallback) throws DescriptorException {
        if (!has(field)) return fallback;
        JsonElement e = object.get(field);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw error(field, "expected a string, got " + shortly(e));
        String s = e.getAsString().trim();
        if (s.isEmpty()) throw error(field, "must not be empty");
        if (s.length() > MAX_TEXT) throw error(field, "must be at most " + MAX_TEXT + " characters, got " + s.length() + " ('" + s.substring(0, 20) + "…')");
        return s;
    }

    double number(String field) throws DescriptorException {
        if (!has(field)) throw error(field, "missing");
        JsonElement e = object.get(field);
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) throw error(field, "expected a number, got " + shortly(e));
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) throw error(field, "must be a finite number");
        return v;
    }

    double positive(String field) throws DescriptorException {
        double v = number(field);
        if (v <= 0) throw error(field, "must be > 0, got " + fmt(v));
        return v;
    }

    double nonNegative(String field, double fallback) throws DescriptorException {
        if (!has(field)) return fallback;
        double v = number(field);
        if (v < 0) throw error(field, "must be >= 0, got " + fmt(v));
        return v;
    }

    /** A number > 0 within {@code bounds}. */
    double positive(String field, Bounds bounds) throws DescriptorException {
        return within(field, positive(field), bounds);
    }

    /** A number >= 0 within {@code bounds}, or {@code fallback} when absent. */
    double nonNegative(String field, Bounds bounds, double fallback) throws DescriptorException {
        return has(field) ? within(field, nonNegative(field, fallback), bounds) : fallback;
    }

    private double within(String field, double v, Bounds bounds) throws DescriptorException {
        if (!bounds.accepts(v)) throw error(field, bounds.refusal(v));
        return v;
    }

    JsonNode object(String field) throws DescriptorException {
        return new JsonNode(file, path + "." + field, object.get(field));
    }

    /** The objects of an array field; {@code required} arrays must also be non-empty. */
    List<JsonNode> objects(String field, boolean required) throws DescriptorException {
        if (!has(field)) {
            if (required) throw error(field, "missing");
            return List.of();
        }
        JsonElement e = object.get(field);
        if (!e.isJsonArray()) throw error(field, "expected an array");
        JsonArray a = e.getAsJsonArray();
        if (required && a.isEmpty()) throw error(field, "must not be empty");
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(new JsonNode(file, path + "." + field + "[" + i + "]", a.get(i)));
        }
        return out;
    }

    /**
     * An object of text, number or boolean values as text; at most
     * {@value #MAX_PROPERTIES} keys of at most {@value #MAX_TEXT} characters, values of at most
     * {@value #MAX_VALUE}: the configuration of a component's code, which reads it.
     */
    Map<String, String> properties(String field) throws DescriptorException {
        if (!has(field)) return Map.of();
        JsonElement e = object.get(field);
        if (!e.isJsonObject()) throw error(field, "expected an object of text, number or boolean values, got " + shortly(e));
        JsonObject o = e.getAsJsonObject();
        if (o.size() > MAX_PROPERTIES) throw error(field, "at most " + MAX_PROPERTIES + " properties, got " + o.size());
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> p : o.entrySet()) {
            String key = p.getKey(), at = field + "." + key;
            if (key.isBlank() || key.length() > MAX_TEXT) throw error(field, "property names have 1 to " + MAX_TEXT + " characters, got '" + shortly(new JsonPrimitive(key)) + "'");
            JsonElement v = p.getValue();
            if (!v.isJsonPrimitive()) throw error(at, "expected a text, number or boolean, got " + shortly(v));
            String text = v.getAsString();
            if (text.length() > MAX_VALUE) throw error(at, "must be at most " + MAX_VALUE + " characters, got " + text.length());
            out.put(key, text);
        }
        return out;
    }

    static String fmt(double v) {
        return Numbers.readable(v, 6);
    }

    /** A value as a message may quote it: an array of 10,000 entries is not. */
    private static String shortly(JsonElement e) {
        String s = e.toString();
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
