package dev.structsweep.sweep;

/** A sweep file that cannot run: the message names the file and line, the key, the value and what is allowed. */
public class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SpecException(String message) {
    super(message);
  }
}
