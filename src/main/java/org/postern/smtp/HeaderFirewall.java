package org.postern.smtp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postern.permission.ExtendedRight;
import org.postern.queue.HeaderFields;
import org.postern.queue.HeaderFields.Field;
import org.postern.queue.HeaderFields.HeaderClass;

/**
 * Exchange's header firewall on receipt (exchange-behaviour.md section j): a session without
 * ms-Exch-Accept-Headers-Routing loses every {@code Received:} and {@code Resent-*} field of the
 * message, one without ms-Exch-Accept-Headers-Organization every
 * {@code X-MS-Exchange-Organization-*}, one without ms-Exch-Accept-Headers-Forest every
 * {@code X-MS-Exchange-Forest-*}. Whole fields go, with all their continuation lines; names are
 * matched without regard to case. Pure: the rights in, the fields that stay out.
 */
final class HeaderFirewall {

    private HeaderFirewall() {
    }

    /**
     * The fields that pass and how many of each class were removed.
     *
     * @param kept the fields in their original order
     * @param removed per class, the number of fields removed (classes with none are absent)
     */
    record Result(List<Field> kept, Map<HeaderClass, Integer> removed) {
    }

    /** The right that lets a class of fields in. */
    static ExtendedRight rightFor(HeaderClass c) {
        switch (c) {
            case ROUTING:
                return ExtendedRight.ACCEPT_HEADERS_ROUTING;
            case ORGANIZATION:
                return ExtendedRight.ACCEPT_HEADERS_ORGANIZATION;
            default:
                return ExtendedRight.ACCEPT_HEADERS_FOREST;
        }
    }

    static Result apply(List<Field> fields, Set<ExtendedRight> rights) {
        List<Field> kept = new ArrayList<>(fields.size());
        Map<HeaderClass, Integer> removed = new EnumMap<>(HeaderClass.class);
        for (Field f : fields) {
            HeaderClass c = HeaderFields.classify(f.name());
            if (c != null && !rights.contains(rightFor(c))) {
                removed.merge(c, 1, Integer::sum);
            } else {
                kept.add(f);
            }
        }
        return new Result(kept, Collections.unmodifiableMap(removed));
    }
}
