package org.postern.config;

/** What MessageRateLimit counts against. */
public enum MessageRateSource { None, User, IPAddress, All }
