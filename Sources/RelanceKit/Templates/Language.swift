/// The language of a message: chooses the template folder and how money and dates are written.
public enum Language: String, Sendable, CaseIterable {
    case fr, en, nl, de
}
