/// The course `tutord new` writes: one complete lesson using every part of the format an
/// author needs first (beats, a code block with its output, an offer and its node, a
/// multiple-choice question with every field, a takeaway, a free-text question), valid and
/// without a teaching warning, so `tutord check --strict` passes it as written.
enum CourseTemplate {
    static func text(id: String) -> String {
        let title = id.split(whereSeparator: { "-_.".contains($0) })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        return #"""
        # A tutord course, started by `tutord new`. Lines starting with # are comments.
        # See it as a learner does while you write: tutord walk --watch THIS-FILE
        # (it starts again at the lesson you edit each time you save). The format is in
        # docs/dialogue-format.md, and taught by a course: tutord walk writing-courses.
        course \#(id)
        title: \#(title)
        level: beginner
        summary: One line on what this course teaches.

        lesson first-steps
        title: First Steps
        icon: 🌱

        > Each line starting with `>` is one chat message from the tutor.
        > Lines in a row form a beat: the tutor waits for Enter after it.

        > Code goes in a fenced block. `run` means the course claims its output:
        ```python run
        word = "tutor"
        print(len(word))
        ```
        ```output
        5
        ```

        offer other-sizes: Want to see what else `len` can measure?

        question len-of-word
        ask: What does `len("tutor")` return?
        - `4`
          feedback: Count again: t, u, t, o, r.
        + `5`
        - `"tutor"`
          feedback: `len` gives a number, not the string itself.
        explain: `len` counts the characters of a string, and "tutor" has five.
        hint: Count the letters one by one.
        xp: 10
        on-wrong: counting

        takeaway: `len` of a string is how many characters it holds.

        question len-of-empty
        ask: What is `len("")`? Type a number.
        accept: 0 | zero
        wrong: 1
        feedback: There is nothing between the quotes, not even one character.
        explain: The empty string holds no characters, so its length is 0.
        hint: How many characters are between the quotes?

        node other-sizes
        > `len` measures lists, tuples, dicts and sets too: it counts their items.

        node counting
        > `len` counts every character, spaces and punctuation included.

        """#
    }
}
