package io.playknn.examples;

/**
 * A request the server refuses: the HTTP status to answer and a message naming the value and the
 * rule it breaks. Thrown by the request parsers and handlers of {@link ModelServer}.
 */
final class RequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status the HTTP status, 4xx or 5xx
   * @param message what was wrong, naming the value and the rule
   */
  RequestException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** A 400 Bad Request. */
  static RequestException badRequest(String message) {
    return new RequestException(400, message);
  }

  /** @return the HTTP status to answer */
  int status() {
    return status;
  }
}
