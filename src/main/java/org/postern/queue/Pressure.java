package org.postern.queue;

/**
 * How hard a resource the queue depends on is pressed (Exchange's back pressure levels), in
 * rising order. What the receive side does at each level is the SMTP session's business.
 */
public enum Pressure {
    /** Not overused: every MAIL is taken. */
    Normal,
    /** Slightly overused: senders that did not authenticate are tarpitted and refused. */
    Medium,
    /** Severely overused: every new MAIL is refused. */
    High;

    /** The higher of the two. */
    public Pressure max(Pressure other) {
        return other.compareTo(this) > 0 ? other : this;
    }
}
