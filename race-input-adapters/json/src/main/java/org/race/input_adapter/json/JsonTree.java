package org.race.input_adapter.json;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.race.api.model.DescriptorException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reads descriptor text into Gson's tree, refusing what {@code JsonParser} lets through: a key given
 * twice in one object, where the parser silently keeps the last value. Syntax errors say where (line,
 * column) and what, without the hints Gson writes for programmers (setStrictness, a troubleshooting URL).
 */
final class JsonTree {
    /** Gson's "reason at line L column C path P", optionally followed by a hint on the next line. */
    private static final Pattern GSON_MESSAGE = Pattern.compile("(.*?) at line (\\d+) column (\\d+) path \\S*.*", Pattern.DOTALL);

    private final String source;

    private JsonTree(String source) {
        this.source = source;
    }

    /** The document's value; JSON null for an empty document (the caller expects an object and says so). */
    static JsonElement read(String source, Reader text) throws DescriptorException, IOException {
        String all = readAll(text);
        if (all.isBlank()) return JsonNull.INSTANCE;
        return new JsonTree(source).document(new JsonReader(new StringReader(all)));
    }

    private JsonElement document(JsonReader r) throws DescriptorException {
        r.setStrictness(Strictness.LEGACY_STRICT);
        JsonElement root;
        try {
            root = value(r, "$");
        } catch (IOException e) {
            throw syntax(e.getMessage());
        }
        try {
            if (r.peek() == JsonToken.END_DOCUMENT) return root;
        } catch (IOException e) {
            // reported below: whatever follows is not one JSON value
        }
        throw syntax("more text after the top-level value" + at(r));
    }

    private JsonElement value(JsonReader r, String path) throws IOException, DescriptorException {
        switch (r.peek()) {
            case BEGIN_OBJECT:
                return object(r, path);
            case BEGIN_ARRAY:
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) a.add(value(r, path + "[" + a.size() + "]"));
                r.endArray();
                return a;
            case STRING:
                return new JsonPrimitive(r.nextString());
            case NUMBER:
                String n = r.nextString();
                try {
                    return new JsonPrimitive(new BigDecimal(n));
                } catch (NumberFormatException e) {
                    throw new DescriptorException(source, path, "'" + (n.length() > 40 ? n.substring(0, 40) + "…" : n) + "' is not a number this reader can hold");
                }
            case BOOLEAN:
                return new JsonPrimitive(r.nextBoolean());
            case NULL:
                r.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw syntax("expected a value" + at(r));
        }
    }

    private JsonObject object(JsonReader r, String path) throws IOException, DescriptorException {
        JsonObject o = new JsonObject();
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (o.has(key)) {
                throw new DescriptorException(source, path + "." + key, "duplicate key '" + key + "': each key may appear once in an object"
                        + " (one of the two values would be silently lost)");
            }
            o.add(key, value(r, path + "." + key));
        }
        r.endObject();
        return o;
    }

    /** "not valid JSON at line L, column C: reason", with Gson's programmer hints left out. */
    private DescriptorException syntax(String gsonMessage) {
        String m = gsonMessage == null ? "malformed JSON" : gsonMessage;
        Matcher g = GSON_MESSAGE.matcher(m);
        String where = "";
        if (g.matches()) {
            m = g.group(1);
            where = " at line " + g.group(2) + ", column " + g.group(3);
        }
        if (m.startsWith("Use JsonReader.setStrictness")) m = "malformed JSON (a comment, an unquoted or single-quoted text, or a stray character)";
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        if (!m.isEmpty()) m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
        return new DescriptorException(source, "$", "not valid JSON" + where + ": " + m);
    }

    /** Where the reader is, as Gson words it (" at line L column C path P"), for {@link #syntax}. */
    private static String at(JsonReader r) {
        String s = r.toString();
        int at = s.indexOf(" at line ");
        return at < 0 ? "" : s.substring(at);
    }

    private static String readAll(Reader text) throws IOException {
        StringBuilder b = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = text.read(buf)) > 0;) b.append(buf, 0, n);
        return b.toString();
    }
}
