package ai.mpnas.zoo;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Validates the names that become directories of a zoo (artifact ids, versions, group ids). */
public final class ZooNames {

    // Only plain names: no separators, no "..", nothing hidden (hidden entries are the
    // publisher's own staging and lock files).
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final int MAX_LENGTH = 128;

    private ZooNames() {}

    /**
     * Checks that a name can be used as one directory inside the zoo.
     *
     * @param field what the name is, for the error message (e.g. {@code "artifact"})
     * @param name the name to check
     * @return the name
     * @throws IllegalArgumentException if the name is empty, absolute, contains a path separator or
     *     {@code ".."}, or would otherwise escape or hide inside the zoo directory
     */
    public static String checkName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(
                    field + " name is empty: use letters, digits, '.', '_' or '-'");
        }
        if (name.contains("..")
                || name.contains("/")
                || name.contains("\\")
                || Path.of(name).isAbsolute()
                || !NAME.matcher(name).matches()
                || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    field
                            + " name '"
                            + name
                            + "' is not allowed (it could escape the zoo directory): use at most "
                            + MAX_LENGTH
                            + " letters, digits, '.', '_' or '-', starting with a letter or"
                            + " digit, without '..', '/', '\\' or an absolute path");
        }
        return name;
    }

    /**
     * Checks a dotted group id such as {@code ai.mpnas.zoo}.
     *
     * @param groupId the group id
     * @return the group id
     * @throws IllegalArgumentException if it is not a dotted sequence of plain names
     */
    public static String checkGroupId(String groupId) {
        if (groupId == null || !GROUP.matcher(groupId).matches()) {
            throw new IllegalArgumentException(
                    "group id '"
                            + groupId
                            + "' is not allowed: use dot-separated names of letters, digits, '_'"
                            + " or '-' (e.g. ai.mpnas.zoo)");
        }
        return groupId;
    }

    /**
     * Returns the relative directory of a group: {@code ai.mpnas.zoo} becomes {@code ai/mpnas/zoo},
     * as in DJL's repository layout.
     *
     * @param groupId the group id
     * @return the group path, with {@code /} separators and no trailing slash
     */
    public static String groupPath(String groupId) {
        return checkGroupId(groupId).replace('.', '/');
    }

    /**
     * Resolves a child of a directory and checks that the result stays inside it.
     *
     * @param dir the parent directory
     * @param field what the child is, for the error message
     * @param name the child name, checked with {@link #checkName(String, String)}
     * @return the child path
     */
    public static Path resolveInside(Path dir, String field, String name) {
        checkName(field, name);
        Path base = dir.toAbsolutePath().normalize();
        Path child = base.resolve(name).normalize();
        if (!child.getParent().equals(base)) {
            throw new IllegalArgumentException(
                    field + " name '" + name + "' resolves outside " + base);
        }
        return child;
    }
}
