package org.postern.config;

/** Channel binding for Integrated authentication. Kept for Exchange compatibility. */
public enum ExtendedProtectionPolicy { None, Allow, Require }
