/** What browsers accept per cookie (RFC 6265 §6.1 asks for at least 4096 bytes; most stop there). */
export const COOKIE_LIMIT_BYTES = 4096;
/** A typical server's limit on all request headers together; past it the answer is 431. */
export const HEADER_LIMIT_BYTES = 8192;
