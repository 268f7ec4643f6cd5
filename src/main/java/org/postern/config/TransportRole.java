package org.postern.config;

/** Which transport service a receive connector belongs to. */
public enum TransportRole {
    /** The Front End Transport service: port 25 from anywhere, 587 for clients, relay hosts. */
    FrontendTransport,
    /** The Transport service: traffic between Exchange servers and proxied client submissions. */
    HubTransport
}
