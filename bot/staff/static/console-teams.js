// Teams: the queue's team picker (a caseworker in a team sees that team; supervisors pick any)
// and the case page's hand-over to another team (线索移送) with a reason.
"use strict";
(function () {
  const FD = window.FD, $ = FD.$, t = FD.t;
  let itemId = null;

  // A caseworker in a team works that team's queue; the server decides, the page just says so.
  function ownTeamOnly() {
    const user = (FD.me || {}).user || {};
    return Boolean(user.team) && FD.rank[user.role] < FD.rank.supervisor;
  }

  function teamLabel(code) {
    const team = (FD.meta.teams || []).find((x) => x.code === code);
    return team ? team.label : t("team_name.none");
  }

  function bindQueue(reload) {
    const select = $("f-team");
    (FD.meta.teams || []).forEach((team) => select.appendChild(FD.option(team.code, team.label)));
    if (ownTeamOnly()) {
      select.value = FD.me.user.team;
      select.disabled = true;
    }
    select.addEventListener("change", reload);
  }

  function queueParam(params) {
    const value = $("f-team").value;
    if (value && !ownTeamOnly()) params.set("team", value);
  }

  function renderCase(item) {
    itemId = item.id;
    $("team-form").hidden = !item.open;
    $("team-current").textContent = t("team.current") + "：" + teamLabel(item.team);
    const select = FD.clear($("team-to"));
    select.appendChild(FD.option("", t("team.transfer_to")));
    (FD.meta.teams || []).filter((team) => team.code !== item.team)
      .forEach((team) => select.appendChild(FD.option(team.code, team.label)));
  }

  async function transfer(e) {
    e.preventDefault();
    const team = $("team-to").value, reason = $("team-reason").value.trim();
    if (!team) return;
    if (!reason) { FD.flash(t("team.reason_required"), true); return; }
    try {
      await FD.api("/api/staff/items/" + itemId + "/team", "POST", { team, reason });
      $("team-reason").value = "";
      FD.flash(FD.fill("team.transferred", { team: teamLabel(team) }));
      await FD.views.case.open(itemId, true);
    } catch (error) {
      FD.flash(t("actions.failed") + "：" + error.message, true);
    }
  }

  function bindCase() { $("team-form").addEventListener("submit", transfer); }

  FD.views.teams = { bindQueue, queueParam, renderCase, bindCase, ownTeamOnly };
})();
