package org.race.dashboard;

import java.util.Locale;
import java.util.regex.Pattern;

/** Which addresses and Host headers are loopback, by their text alone (no name lookups). */
final class Hosts {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Hosts() {
    }

    /** 127.0.0.0/8 or ::1, as the server socket reports its local address. */
    static boolean loopback(String address) {
        if (address == null) return false;
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        return a.startsWith("127.") && IPV4.matcher(a).matches() || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
    }

    /** A Host header ({@code name[:port]}) naming localhost or an address literal, which no DNS answer can point elsewhere. */
    static boolean loopbackOrLiteral(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) return false;
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) return h.indexOf(']') > 0; // an IPv6 literal
        int colon = h.lastIndexOf(':');
        String name = colon >= 0 ? h.substring(0, colon) : h;
        return name.equals("localhost") || IPV4.matcher(name).matches();
    }
}
