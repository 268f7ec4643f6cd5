package org.postern.config;

/** How the SIZE extension is advertised in the EHLO reply. */
public enum SizeEnabled { Enabled, Disabled, EnabledWithoutValue }
