//! The e-mails of the client message threads (issue 15): `client-message`
//! to each admin when a client writes, `client-message-answer` to the
//! client when the agency answers. Each is queued in the transaction that
//! stores the message; the message itself is quoted (escaped in HTML by
//! the shared helpers).
use super::templates::{notice, Email};

/// One line for a subject: control characters (a newline) become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A client wrote about a project: to an admin.
pub fn to_admin(
    to: &str,
    client_name: &str,
    client_email: &str,
    project: &str,
    body: &str,
    page: &str,
) -> Email {
    notice(
        to,
        "client-message",
        format!("Pesan baru dari klien: {}", one_line(client_name)),
        "",
        &[
            format!("{client_name} ({client_email}) mengirim pesan tentang proyek {project}:"),
            body.to_owned(),
        ],
        ("Buka percakapan", page),
    )
}

/// The agency answered in the thread of `project_id`: to the client.
pub fn to_client(to: &str, name: &str, project_id: &str, body: &str, page: &str) -> Email {
    notice(
        to,
        "client-message-answer",
        format!(
            "Balasan dari tim Tiranyx untuk proyek {}",
            one_line(project_id)
        ),
        name,
        &[
            format!("Tim kami membalas pesan kamu tentang proyek {project_id}:"),
            body.to_owned(),
        ],
        ("Baca dan balas", page),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_escaped_and_subjects_one_line() {
        let e = to_admin(
            "admin@tiranyx.test",
            "Budi\n<b>Bcc</b>",
            "budi@example.id",
            "Situs (P-1)",
            "Halo <script>alert(1)</script>",
            "https://tiranyx.test/admin/messages/3/P-1",
        );
        assert_eq!(e.subject, "Pesan baru dari klien: Budi <b>Bcc</b>");
        assert!(!e.html.contains("<script>"), "{}", e.html);
        assert!(e.html.contains("&lt;script&gt;"));
        assert!(e.text.contains("Halo <script>alert(1)</script>"));
        assert!(e.text.contains("https://tiranyx.test/admin/messages/3/P-1"));
        let c = to_client(
            "budi@example.id",
            "Budi",
            "P-1",
            "Sudah kami perbaiki.",
            "https://tiranyx.test/client/messages?project=P-1",
        );
        assert_eq!(c.subject, "Balasan dari tim Tiranyx untuk proyek P-1");
        assert_eq!(c.template, "client-message-answer");
        assert!(c.html.contains("Sudah kami perbaiki."));
        assert!(c.html.contains("/client/messages?project=P-1"));
    }
}
