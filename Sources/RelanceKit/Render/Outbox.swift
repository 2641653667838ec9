/// The outbox folders (`outputs.md`, Outbox layout), relative to the outbox root.
public enum Outbox {
    public static let mailTmp = "mail/tmp"
    public static let mailNew = "mail/new"
    public static let mailCur = "mail/cur"
    public static let pendingMail = "pending/mail"
    public static let pendingLetters = "pending/letters"
    /// Legal dossiers waiting for approval, `pending/legal/CASE_ID/`.
    public static let pendingLegal = "pending/legal"
    public static let letters = "letters"
    public static let calls = "calls"
    public static let legal = "legal"
    public static let withdrawn = "withdrawn"

    static let all = [mailTmp, mailNew, mailCur, pendingMail, pendingLetters, pendingLegal, letters, calls, legal, withdrawn]

    /// Creates every folder of the layout under `root`.
    static func create(at root: String) throws(StoreError) {
        for f in all { try FileTree.createDirectories(root + "/" + f) }
    }
}
