package org.race.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README, the user guide (docs/) and the experiments' READMEs resolves: the
 * file or folder exists inside the repository, and an {@code #anchor} into a markdown file names one of
 * its headings (GitHub's slugs). Links to other sites are not followed.
 */
class LinksTest {

    private static final Path ROOT = Path.of(System.getProperty("race.root", "..")).toAbsolutePath().normalize();

    /** {@code [text](target)} and {@code ![alt](target "title")}; the text may hold one level of brackets. */
    private static final Pattern INLINE = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target} reference definitions. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern ANCHOR_TAG = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    /** The markdown files whose links are checked. */
    static List<Path> documents(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        for (String folder : List.of("docs", "experiments")) {
            Path dir = root.resolve(folder);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> !root.relativize(p).toString().contains("target"))
                        .filter(p -> !root.relativize(p).startsWith(Path.of("docs", "src")))
                        .filter(p -> folder.equals("docs") ? p.toString().endsWith(".md") : p.getFileName().toString().equals("README.md"))
                        .sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        assertTrue(Files.isRegularFile(ROOT.resolve("pom.xml")), "race.root is not the repository: " + ROOT);
        List<Path> docs = documents(ROOT);
        assertTrue(docs.size() > 10, "too few documents found under " + ROOT + ": " + docs);
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        int links = 0;
        for (Path doc : docs) {
            List<Link> found = links(Files.readString(doc));
            links += found.size();
            for (Link link : found) {
                String problem = check(doc, link.target(), anchors);
                if (problem != null) broken.add(ROOT.relativize(doc) + ":" + link.line() + ": (" + link.target() + ") " + problem);
            }
        }
        assertTrue(links > 100, "too few links found: " + links);
        assertEquals(List.of(), broken, broken.size() + " broken link(s):\n" + String.join("\n", broken));
    }

    /** Why {@code target}, linked from {@code doc}, does not resolve; null when it does. */
    static String check(Path doc, String target, Map<Path, Set<String>> anchors) {
        if (target.isEmpty()) return "empty link";
        if (SCHEME.matcher(target).find() || target.startsWith("//")) return null; // another site
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        int query = path.indexOf('?');
        if (query >= 0) path = path.substring(0, query);
        path = URLDecoder.decode(path, StandardCharsets.UTF_8);
        Path file = path.isEmpty() ? doc : (path.startsWith("/") ? ROOT.resolve(path.substring(1)) : doc.getParent().resolve(path)).normalize();
        if (!file.startsWith(ROOT)) return "points outside the repository";
        if (!Files.exists(file)) return "no such file: " + ROOT.relativize(file);
        if (anchor == null || anchor.isEmpty()) return null;
        if (!file.toString().endsWith(".md")) return null; // anchors into other files (line numbers, …) are not checked
        Set<String> known = anchors.computeIfAbsent(file, LinksTest::anchors);
        String wanted = URLDecoder.decode(anchor, StandardCharsets.UTF_8);
        return known.contains(wanted) ? null : "no heading #" + wanted + " in " + ROOT.relativize(file);
    }

    record Link(int line, String target) {}

    /** The links of a markdown text, outside fenced code blocks and inline code. */
    static List<Link> links(String markdown) {
        List<Link> links = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) { fenced = !fenced; continue; }
            if (fenced || line.startsWith("    ") && !line.stripLeading().startsWith("|") && !line.stripLeading().startsWith("-")) continue;
            String text = line.replaceAll("`[^`]*`", "``");
            Matcher m = INLINE.matcher(text);
            while (m.find()) links.add(new Link(i + 1, m.group(2)));
            Matcher r = REFERENCE.matcher(text);
            if (r.matches()) links.add(new Link(i + 1, r.group(1)));
        }
        return links;
    }

    /** The anchors GitHub gives a markdown file's headings (and explicit {@code <a name>} / {@code id} anchors). */
    static Set<String> anchors(Path file) {
        try {
            Set<String> anchors = new LinkedHashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean fenced = false;
            for (String line : Files.readAllLines(file)) {
                if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) { fenced = !fenced; continue; }
                if (fenced) continue;
                Matcher tag = ANCHOR_TAG.matcher(line);
                while (tag.find()) anchors.add(tag.group(1));
                Matcher h = HEADING.matcher(line);
                if (!h.matches()) continue;
                String slug = slug(h.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
            return anchors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GitHub's heading slug: the rendered text in lower case, punctuation dropped, spaces as hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // a link shows its text
                .replaceAll("<[^>]+>", "");                                    // tags show nothing
        return Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]", Pattern.UNICODE_CHARACTER_CLASS)
                .matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }

    @Test
    void slugsAreGitHubs() {
        assertEquals("the-platforms-own-overheads-racecalibrate", slug("The platform's own overheads: `race:calibrate`"));
        assertEquals("the-mms-mission-emulation-paper-section-54", slug("The MMS mission emulation (paper section 5.4)"));
        assertEquals("watching-race-with-jmx-jconsole-visualvm", slug("Watching RACE with JMX (JConsole, VisualVM)"));
        assertEquals("eucon-race-controller-eucon-racenameeucon", slug("EUCON (`race-controller-eucon`, `race.name=eucon`)"));
    }

    @Test
    void linksInCodeAreNotLinks() {
        String md = "[x](a.md) `[y](code.md)` ![b](b.svg \"title\")\n```\n[z](fenced.md)\n```\n    [i](indented.md)\n[r]: ref.md\n";
        assertEquals(List.of(new Link(1, "a.md"), new Link(1, "b.svg"), new Link(6, "ref.md")), links(md));
    }
}
