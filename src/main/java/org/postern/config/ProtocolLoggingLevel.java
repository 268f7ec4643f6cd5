package org.postern.config;

/** Whether a receive connector writes the SMTP protocol log. */
public enum ProtocolLoggingLevel { None, Verbose }
