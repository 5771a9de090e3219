package io.gamepipe.api;

/**
 * Prints how many records a one-partition topic holds (its end offset): bench/api/run.sh compares
 * it with the number of 200 answers. Usage: {@code TopicEndOffset <bootstrap servers> <topic>}.
 */
public final class TopicEndOffset {

    private TopicEndOffset() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || args[0].equals("--help")) {
            System.err.println("usage: TopicEndOffset <bootstrap servers> <topic>  (prints the end offset of partition 0)");
            System.exit(args.length == 1 && args[0].equals("--help") ? 0 : 2);
        }
        System.out.println(TopicReader.endOffset(args[0], args[1]));
    }
}
