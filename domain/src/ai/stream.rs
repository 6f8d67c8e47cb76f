//! A streamed chat completion (`"stream": true`): server-sent events whose
//! `data:` lines carry chunks (`choices[0].delta.content`) until
//! `data: [DONE]`. Opening the stream has the client's retries; once text
//! flows, a chunk that keeps us waiting longer than the policy's timeout
//! ends it as a [`AiOutage::Timeout`].
use super::{
    client::{Ai, AiOutage},
    retry::transport,
    wire::{ChatResponse, Message},
};

/// An open stream of text chunks.
pub struct ChatStream {
    ai: Ai,
    res: reqwest::Response,
    /// Bytes read but not yet a whole line.
    pending: Vec<u8>,
    done: bool,
}

impl Ai {
    /// Opens a streamed `POST /v1/chat/completions`.
    pub async fn chat_stream(
        &self,
        messages: Vec<Message>,
        max_tokens: u32,
    ) -> Result<ChatStream, AiOutage> {
        let body = self.request(messages, max_tokens, true);
        let first_byte = self.policy().timeout;
        let open = self.with_retries(|| {
            self.inner
                .http
                .post(self.url("/v1/chat/completions"))
                .header("accept", "text/event-stream")
                .json(&body)
        });
        let res = tokio::time::timeout(first_byte, open)
            .await
            .map_err(|_| self.failed(AiOutage::Timeout))??;
        Ok(ChatStream {
            ai: self.clone(),
            res,
            pending: Vec::new(),
            done: false,
        })
    }
}

impl ChatStream {
    /// The next piece of text; `Ok(None)` at `[DONE]` (or when the body ends).
    pub async fn next(&mut self) -> Result<Option<String>, AiOutage> {
        loop {
            if self.done {
                return Ok(None);
            }
            // Whole lines first, then read more.
            if let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = self.pending.drain(..=end).collect();
                match parse_line(&String::from_utf8_lossy(&line))? {
                    Event::Text(t) => return Ok(Some(t)),
                    Event::Done => self.done = true,
                    Event::Nothing => {}
                }
                continue;
            }
            let wait = self.ai.policy().timeout;
            let chunk = tokio::time::timeout(wait, self.res.chunk())
                .await
                .map_err(|_| self.ai.failed(AiOutage::Timeout))?
                .map_err(|e| self.ai.failed(transport(e)))?;
            match chunk {
                Some(bytes) => self.pending.extend_from_slice(&bytes),
                None => {
                    // A last line without its newline still counts.
                    self.pending.push(b'\n');
                    let line = std::mem::take(&mut self.pending);
                    self.done = true;
                    if let Event::Text(t) = parse_line(&String::from_utf8_lossy(&line))? {
                        return Ok(Some(t));
                    }
                }
            }
        }
    }
}

enum Event {
    Text(String),
    Done,
    Nothing,
}

/// One line of the event stream: comments, blank lines and other fields
/// are nothing; `data: [DONE]` ends; other `data:` is a JSON chunk.
fn parse_line(line: &str) -> Result<Event, AiOutage> {
    let line = line.trim_end_matches(['\r', '\n']);
    let Some(data) = line.strip_prefix("data:") else {
        return Ok(Event::Nothing);
    };
    let data = data.trim();
    if data == "[DONE]" {
        return Ok(Event::Done);
    }
    if data.is_empty() {
        return Ok(Event::Nothing);
    }
    let chunk: ChatResponse =
        serde_json::from_str(data).map_err(|e| AiOutage::Malformed(e.to_string()))?;
    Ok(match chunk.text() {
        Some(t) if !t.is_empty() => Event::Text(t.to_owned()),
        _ => Event::Nothing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_lines_carry_the_delta() {
        let e = parse_line("data: {\"choices\":[{\"delta\":{\"content\":\"Halo\"}}]}\r\n").unwrap();
        assert!(matches!(e, Event::Text(t) if t == "Halo"));
        assert!(matches!(parse_line("data: [DONE]\n").unwrap(), Event::Done));
        assert!(matches!(
            parse_line(": keep-alive\n").unwrap(),
            Event::Nothing
        ));
        assert!(matches!(parse_line("\n").unwrap(), Event::Nothing));
        assert!(matches!(
            parse_line("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}").unwrap(),
            Event::Nothing
        ));
        assert!(parse_line("data: {rusak").is_err());
    }
}
