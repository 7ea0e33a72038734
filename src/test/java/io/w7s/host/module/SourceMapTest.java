package io.w7s.host.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SourceMapTest {
    @Test
    void decodesEmptyLinesAndRelativeSegments() {
        // line 1: empty; line 2: col 0 -> (orig line 4, col 0), col 6 -> (4, 6); line 3: empty; line 4: col 2 -> (line 9, col 2)
        SourceMap map = SourceMap.parse("{\"version\":3,\"sources\":[\"a.ts\"],\"names\":[],\"mappings\":\";AAGA,MAAM;;EAKJ\"}");

        assertNull(map.original(1, 1));
        assertEquals(new Position(4, 1), map.original(2, 1));
        assertEquals(new Position(4, 1), map.original(2, 6));
        assertEquals(new Position(4, 7), map.original(2, 7));
        assertEquals(new Position(4, 7), map.original(2, 40));
        assertNull(map.original(3, 1));
        assertEquals(new Position(9, 3), map.original(4, 3));
        assertEquals(new Position(9, 3), map.original(4, 1)); // before the first mapping: the line's first mapping
        assertNull(map.original(5, 1));
    }

    @Test
    void encodesBackToMappingsThatDecodeToTheSameMap() {
        // Negative deltas (original lines going back up), empty lines, leading and trailing empty lines.
        SourceMap map = SourceMap.parse("{\"version\":3,\"mappings\":\";AAGA,MAAM;;EAKJ,CAAE;AAAC,EAHA;;\"}");

        SourceMap again = SourceMap.ofMappings(map.mappings());

        assertEquals(map, again);
        assertEquals(map.mappings(), again.mappings());
        assertEquals(map.original(4, 5), again.original(4, 5));
    }
}
