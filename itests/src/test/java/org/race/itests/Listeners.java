package org.race.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The listening TCP sockets of one process, from Linux's /proc: the sockets of its network namespace
 * (net/tcp, net/tcp6) that the process holds a descriptor of (fd/ links to socket:[inode]).
 */
final class Listeners {
    private static final String LISTEN = "0A";

    private Listeners() {
    }

    static List<InetSocketAddress> of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException closed) {
                    // the descriptor closed while listing
                }
            }
        }
        List<InetSocketAddress> listening = new ArrayList<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            List<String> lines = Files.readAllLines(proc.resolve(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals(LISTEN) || !inodes.contains(f[9])) continue;
                String[] local = f[1].split(":");
                listening.add(new InetSocketAddress(address(local[0]), Integer.parseInt(local[1], 16)));
            }
        }
        return listening;
    }

    /** /proc prints an address as 32-bit words in host (little-endian) order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        return InetAddress.getByAddress(b); // an IPv4-mapped IPv6 address comes back as IPv4
    }
}
