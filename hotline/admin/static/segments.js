// The SMS segments a text costs alone, as it is typed (accents folded where the hotline folds them): GSM-7 (160, or 153 per part) when every
// character is in its alphabet, else UCS-2 (70, or 67 per part). The server checks whole replies.
(function () {
  var gsm = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var extension = "^{}\\[~]|€";
  document.querySelectorAll("textarea[data-segments]").forEach(function (area) {
    var output = document.getElementById(area.dataset.segments);
    function count() {
      var text = area.value, units = 0, seven = true;
      // Where the hotline sends a text without the accents GSM-7 lacks when that is cheaper.
      if (area.dataset.folds) {
        var folded = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
        if (folded.split("").every(function (ch) { return gsm.indexOf(ch) >= 0 || extension.indexOf(ch) >= 0; })) { text = folded; }
      }
      for (var i = 0; i < text.length; i++) {
        if (gsm.indexOf(text[i]) >= 0) { units += 1; }
        else if (extension.indexOf(text[i]) >= 0) { units += 2; }
        else { seven = false; break; }
      }
      var single = seven ? 160 : 70, part = seven ? 153 : 67;
      if (!seven) { units = text.length; }
      var segments = units <= single ? (units ? 1 : 0) : Math.ceil(units / part);
      output.textContent = segments + " SMS segment(s) for this text alone (" + (seven ? "GSM-7" : "UCS-2") + ", " + units + " characters)";
    }
    area.addEventListener("input", count);
  });
})();
