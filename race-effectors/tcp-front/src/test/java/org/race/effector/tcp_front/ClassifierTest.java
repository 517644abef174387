package org.race.effector.tcp_front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class ClassifierTest {
    @Test
    void firstMatchingRuleWinsAndTheRestGoToTheDefault() throws Exception {
        Classifier c = Classifier.parse("gold=127.0.0.2|10.1.; silver=10.; basic=*");
        assertEquals("gold", c.classify(InetAddress.getByName("127.0.0.2")));
        assertEquals("gold", c.classify(InetAddress.getByName("10.1.7.9")), "a prefix ends in '.'");
        assertEquals("silver", c.classify(InetAddress.getByName("10.2.0.1")));
        assertEquals("basic", c.classify(InetAddress.getByName("127.0.0.20")), "an address without '.' at the end is exact");
        assertEquals(java.util.List.of("gold", "silver", "basic"), c.classes());
    }

    @Test
    void badRulesAreRefusedNamingTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Classifier.parse("premium=127.0.0.2")).getMessage().contains("default '*'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Classifier.parse("a=*;b=*")).getMessage().contains("both 'a' and 'b'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Classifier.parse("a=1.;a=*")).getMessage().contains("defined twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Classifier.parse("premium 127.0.0.2")).getMessage().contains("name=address"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Classifier.parse("a=1.||2.;b=*")).getMessage().contains("empty address"));
    }
}
