package org.race.api.model;

/** A descriptor that cannot be used: names the file, the JSON path of the offending field and the reason. */
public class DescriptorException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String path;
    private final String reason;

    public DescriptorException(String file, String path, String reason) {
        super(file + ": " + path + ": " + reason);
        this.file = file;
        this.path = path;
        this.reason = reason;
    }

    public String file() { return file; }
    public String path() { return path; }
    public String reason() { return reason; }
}
